#pragma once
// `list -o json|csv` over several providers: the providers are listed concurrently, but their records
// are printed in selection order (docs/cli.md, "Order"), streaming through an InOrderWriter.
#include "output/output.hpp"

#include <polycloud/fleet.hpp>

#include <boost/asio/awaitable.hpp>

#include <string>
#include <vector>

namespace polycloud::cli {

/// Lists `names` (each once) with `options.list`; returns one summary per name, in that order.
boost::asio::awaitable<std::vector<ProviderListSummary>> list_in_order(Fleet& fleet, FleetListOptions options,
                                                                       std::vector<std::string> names,
                                                                       RecordPrinter& printer);

}  // namespace polycloud::cli
