#pragma once
#include "http/connection.hpp"
