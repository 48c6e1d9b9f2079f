#pragma once
// A loopback port for a test that must name a port before something else binds it (a sandbox given
// --openscaler-port, a server restarted on the same port). A port bound to 0 and released is unsafe:
// every parallel test process's bind(0) and every outgoing connect draws from the same ephemeral range,
// so one of them can take it in between. This picks a port below that range, which the kernel hands
// to nobody, starting from a point derived from the pid so that parallel test processes differ, and
// checks that it is free at the moment it is returned.

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdint>
#include <fstream>
#include <stdexcept>

namespace polycloud::test {

inline std::uint16_t quiet_port() {
  int ephemeral_low = 32768;
  std::ifstream("/proc/sys/net/ipv4/ip_local_port_range") >> ephemeral_low;
  int const first = 10000, span = ephemeral_low - first;
  if (span <= 0) throw std::runtime_error("no port range below the ephemeral ports");
  static int calls = 0;
  int const start = static_cast<int>((static_cast<unsigned>(::getpid()) * 7919u + static_cast<unsigned>(calls++) * 131u) %
                                     static_cast<unsigned>(span));
  for (int step = 0; step < span; ++step) {
    auto const port = static_cast<std::uint16_t>(first + (start + step) % span);
    int const fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) throw std::runtime_error("socket() failed");
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons(port);
    bool const free = ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
    ::close(fd);
    if (free) return port;
  }
  throw std::runtime_error("no free port below the ephemeral range");
}

}  // namespace polycloud::test
