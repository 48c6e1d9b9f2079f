// A fixture the layering check must refuse: an adapter that includes no Beast header itself, but an
// internal transport header that does (tests/layering/CMakeLists.txt).
#include "providers/leaky/leaky_provider.hpp"
