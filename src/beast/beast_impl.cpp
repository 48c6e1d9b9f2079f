// The one translation unit that compiles Asio-SSL and Beast (separate compilation); linked PRIVATE by
// polycloud_http and by the simulators, never by the core, the adapters or the fleet.
#include <boost/asio/ssl/impl/src.hpp>
#include <boost/beast/src.hpp>
