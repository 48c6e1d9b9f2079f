#pragma once
// A checker for the part of JSON Schema (2020-12) that docs/schema/*.json use: type (one or a list),
// enum, required, properties, additionalProperties (false or a schema), items, minLength, minimum.
// Annotations ($schema, $id, title, description, format) are skipped. Any other keyword is reported
// as a violation, so a schema growing past this subset fails its test instead of passing unchecked.
#include <boost/json/value.hpp>

#include <string>
#include <vector>

/// Every way `instance` breaks `schema`, each as "PATH: what", e.g. "$.vcpus: type integer|null, got string".
std::vector<std::string> schema_violations(boost::json::value const& schema, boost::json::value const& instance,
                                           std::string const& path = "$");
