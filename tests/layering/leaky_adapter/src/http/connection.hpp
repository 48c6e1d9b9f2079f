#pragma once
#include <boost/beast/core/tcp_stream.hpp>
