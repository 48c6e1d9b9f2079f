// The one translation unit that compiles Asio, Asio-SSL and Beast (separate compilation):
// on two cores this is what keeps a clean build short.
#include <boost/asio/impl/src.hpp>
#include <boost/asio/ssl/impl/src.hpp>
#include <boost/beast/src.hpp>
