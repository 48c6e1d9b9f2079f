#include "providers/common/page_stream.hpp"

namespace polycloud::providers {

using boost::asio::awaitable;

template <class Item>
awaitable<Result<std::size_t>> stream_page(http::Client& client, http::Request request, CallOptions call,
                                           BasicListStream<Item>& stream, BasicBatchSink<Item>& sink,
                                           CallSite const& site, ErrorBodyDecoder decode) {
  ErrorResponseMapper map_error = [&site, decode](http::Response const& response) {
    return error_from_response(response, site, decode);
  };
  co_return co_await stream_page(client, std::move(request), call, stream, sink, site, std::move(map_error));
}

template <class Item>
awaitable<Result<std::size_t>> stream_page(http::Client& client, http::Request request, CallOptions call,
                                           BasicListStream<Item>& stream, BasicBatchSink<Item>& sink,
                                           CallSite const& site, ErrorResponseMapper map_error) {
  std::optional<Error> sink_failure;
  stream.reuse(sink.spare());
  auto on_chunk = [&](std::string_view chunk) -> awaitable<Result<void>> {
    auto fed = stream.feed(chunk);
    // Items mapped before a bad one are delivered before the error: nothing is dropped silently.
    if (!fed || stream.ready() >= stream_batch_size) {
      if (auto delivered = co_await sink.deliver(stream.take()); !delivered) {
        sink_failure = delivered.error();
        co_return delivered.error();
      }
      stream.reuse(sink.spare());
    }
    co_return fed;
  };
  auto response = co_await client.stream_paced(std::move(request), on_chunk, call);
  if (sink_failure) co_return *sink_failure;
  if (!response) co_return attribute(response.error(), site);
  if (!response->ok()) co_return map_error(*response);
  auto finished = stream.finish();
  if (auto delivered = co_await sink.deliver(stream.take()); !delivered) co_return delivered.error();
  if (!finished) co_return finished.error();
  co_return stream.items_seen();
}

#define POLYCLOUD_STREAM_PAGE(Item)                                                                                \
  template awaitable<Result<std::size_t>> stream_page(http::Client&, http::Request, CallOptions,                 \
                                                      BasicListStream<Item>&, BasicBatchSink<Item>&,             \
                                                      CallSite const&, ErrorBodyDecoder);                        \
  template awaitable<Result<std::size_t>> stream_page(http::Client&, http::Request, CallOptions,                 \
                                                      BasicListStream<Item>&, BasicBatchSink<Item>&,             \
                                                      CallSite const&, ErrorResponseMapper);
POLYCLOUD_STREAM_PAGE(Instance)
POLYCLOUD_STREAM_PAGE(Size)
POLYCLOUD_STREAM_PAGE(Image)
POLYCLOUD_STREAM_PAGE(Region)
#undef POLYCLOUD_STREAM_PAGE

awaitable<Result<void>> CollectingSink::deliver(std::vector<Instance> batch) {
  if (instances_.empty()) {
    instances_ = std::move(batch);
  } else {
    for (auto& instance : batch) instances_.push_back(std::move(instance));
  }
  co_return Result<void>{};
}

}  // namespace polycloud::providers
