#pragma once
// What every HTTP adapter keeps from its config and does the same way: who it is (so every error names
// the provider and operation and scrubs the credential), where it sends, the client that sends, the
// configured timeout, and the exchange of one request whose error answer becomes an Error. An adapter
// derives from it privately, beside Provider, and overrides error_for only when its error answers
// need more than its body decoder (Katapult learns its rate limit from them).

#include "providers/common/call_site.hpp"
#include "providers/common/error_mapping.hpp"
#include "providers/common/listing_deadline.hpp"

#include <polycloud/capabilities.hpp>
#include <polycloud/config.hpp>
#include <polycloud/provider.hpp>

#include "http/client.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/url/url.hpp>

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

namespace polycloud::providers {

class AdapterBase {
 protected:
  /// `type` names the adapter in messages about options ("katapult"); `decode` reads its error bodies.
  AdapterBase(ProviderConfig const& config, std::string_view type, ErrorBodyDecoder decode,
              boost::asio::any_io_executor executor, std::unique_ptr<http::Client> client);
  virtual ~AdapterBase();
  AdapterBase(AdapterBase const&) = delete;
  AdapterBase& operator=(AdapterBase const&) = delete;

  /// Who is calling for `op`.
  CallSite site(Operation op) const;
  /// The caller's deadline, or now + the configured timeout when the caller gave none.
  CallOptions bounded(CallOptions options) const;
  /// The deadline of one listing, shared by its page loads: see listing_deadline.hpp.
  std::shared_ptr<ListingDeadline> listing_deadline(CallOptions options) const;
  /// Sends; a transport failure is attributed to `site`, a non-2xx answer becomes error_for's Error.
  boost::asio::awaitable<Result<http::Response>> exchange(http::Request request, CallOptions call,
                                                          CallSite const& site);
  /// The Error for a non-2xx answer: error_from_response with the adapter's decoder.
  virtual Error error_for(http::Response const& response, CallSite const& site);

  std::string name_;
  boost::urls::url endpoint_;
  Secret secret_;  // only to scrub it from server-provided messages; the client sends it
  Aliases aliases_;
  std::chrono::seconds timeout_;
  std::chrono::seconds list_timeout_;
  boost::asio::any_io_executor executor_;
  std::unique_ptr<http::Client> client_;

 private:
  std::string_view type_;
  ErrorBodyDecoder decode_;
};

}  // namespace polycloud::providers
