#pragma once
// A seed for the library's non-cryptographic generators (retry jitter, OpenScaler's sequence ids).
// Not std::random_device{}: its default token probes the CPU with `cpuid` for RDSEED/RDRAND every time
// one is built, and in a VM each `cpuid` traps to the hypervisor (~12 µs a construction here, 2.5 % of
// the CPU of a one-VM `polycloud list`, issue 9 (d)). getentropy(3) is one system call.
#include <cstdint>

namespace polycloud {

std::uint64_t random_seed();

}  // namespace polycloud
