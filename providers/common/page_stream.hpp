#pragma once
// The usual body of a PageLoader: send one request, stream its 2xx body through a ListStream into
// the sink in batches as it arrives, map an error answer with the adapter's decoder.

#include "providers/common/error_mapping.hpp"
#include "providers/common/list_stream.hpp"
#include "providers/common/pager.hpp"

#include "http/client.hpp"

#include <boost/asio/awaitable.hpp>

#include <cstddef>
#include <functional>

namespace polycloud::providers {

/// Instances per batch handed to the sink while a body streams.
inline constexpr std::size_t stream_batch_size = max_batch_size;

/// Streams `request`'s answer through `stream` into `sink`; returns the number of items mapped.
template <class Item>
boost::asio::awaitable<Result<std::size_t>> stream_page(http::Client& client, http::Request request, CallOptions call,
                                                        BasicListStream<Item>& stream, BasicBatchSink<Item>& sink,
                                                        CallSite const& site,
                                                        ErrorBodyDecoder decode = decode_generic_error);

/// Turns a non-2xx answer into the Error, for an adapter that must see the whole answer, not only
/// decode its body (Katapult learns its per-minute limit from a 429's body).
using ErrorResponseMapper = std::function<Error(http::Response const&)>;

/// stream_page, with the adapter's own mapping of an error answer.
template <class Item>
boost::asio::awaitable<Result<std::size_t>> stream_page(http::Client& client, http::Request request, CallOptions call,
                                                        BasicListStream<Item>& stream, BasicBatchSink<Item>& sink,
                                                        CallSite const& site, ErrorResponseMapper map_error);

#define POLYCLOUD_STREAM_PAGE_EXTERN(Item)                                                                         \
  extern template boost::asio::awaitable<Result<std::size_t>> stream_page(                                       \
      http::Client&, http::Request, CallOptions, BasicListStream<Item>&, BasicBatchSink<Item>&, CallSite const&,  \
      ErrorBodyDecoder);                                                                                          \
  extern template boost::asio::awaitable<Result<std::size_t>> stream_page(                                       \
      http::Client&, http::Request, CallOptions, BasicListStream<Item>&, BasicBatchSink<Item>&, CallSite const&,  \
      ErrorResponseMapper);
POLYCLOUD_STREAM_PAGE_EXTERN(Instance)
POLYCLOUD_STREAM_PAGE_EXTERN(Size)
POLYCLOUD_STREAM_PAGE_EXTERN(Image)
POLYCLOUD_STREAM_PAGE_EXTERN(Region)
#undef POLYCLOUD_STREAM_PAGE_EXTERN

/// A sink that keeps everything (a get-by-name lookup, a concurrently fetched page).
class CollectingSink final : public BatchSink {
 public:
  boost::asio::awaitable<Result<void>> deliver(std::vector<Instance> batch) override;
  std::vector<Instance>& instances() noexcept { return instances_; }

 private:
  std::vector<Instance> instances_;
};

}  // namespace polycloud::providers
