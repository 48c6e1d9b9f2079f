// The one translation unit that compiles Asio (separate compilation): every other TU only sees
// declarations. Asio-SSL and Beast are compiled separately (src/beast/beast_impl.cpp) so that only the
// transport and the simulators link OpenSSL and see BOOST_BEAST_SEPARATE_COMPILATION.
#include <boost/asio/impl/src.hpp>
