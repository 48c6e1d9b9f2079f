#pragma once
// An Instance as one `instances` row and back: the to_json(Instance) keys as columns, lists and tags as
// compact JSON text, unknowns as NULL.

#include "inventory/database.hpp"

#include <polycloud/instance.hpp>

#include <string>
#include <string_view>

namespace polycloud::inventory {

/// The INSERT every export prepares once; bind_instance fills its parameters.
extern char const* const insert_instance_sql;
void bind_instance(Statement& insert, std::string_view observed_at, Instance const& instance, bool with_raw);

/// The columns read_instance expects, in its order (a SELECT list).
extern char const* const instance_columns;
/// The row the statement is on, selected as instance_columns; a config error names a value this polycloud
/// cannot read back (a damaged file).
Result<Instance> read_instance(Statement const& row, Database const& db);

}  // namespace polycloud::inventory
