#pragma once
// The simulated Katapult disk templates (katapult-api.md §2): universal templates with an operating
// system {id, name} and a permalink `templates/<os>-<version>`, as the recorded list shows them, and
// optionally many generated ones (KatapultOptions::extra_disk_templates, for the 10,000-image benchmark).

#include <array>

namespace polycloud::sim::katapult {

struct DiskTemplate {
  char const* id;
  char const* name;
  char const* description;
  char const* permalink;
  int size_in_gb;
  char const* latest_version_id;
  char const* os_id;
  char const* os_name;
};

inline constexpr std::array<DiskTemplate, 5> kDiskTemplates{{
    {"dtpl_Rt7Vq2NcXe4LmDb1", "Debian 12", "A clean installation of Debian 12 (bookworm)", "templates/debian-12", 10,
     "dtv_Ko3Lq8ZxWm1RtNc5", "os_Pq4Wc7ZmNs2XbLe6", "Debian"},
    {"dtpl_Ys5Bn8KdQw3ZcVf2", "Debian 11", "A clean installation of Debian 11 (bullseye)", "templates/debian-11", 10,
     "dtv_Hn6Rb2TyLp8QwXs4", "os_Pq4Wc7ZmNs2XbLe6", "Debian"},
    {"dtpl_NUDgA9T8IQMfDdSc", "Ubuntu 22.04", "A clean installation of Ubuntu 22.04 server", "templates/ubuntu-22-04", 15,
     "dtv_Ut1fDBIfXogYBIBS", "os_DH6P34tVwUGYlcEN", "Ubuntu"},
    {"dtpl_Gc2Wm7PxTz5LnQa9", "Ubuntu 24.04", "A clean installation of Ubuntu 24.04 server", "templates/ubuntu-24-04", 15,
     "dtv_Mz8Kc3VbQr6YtPw1", "os_DH6P34tVwUGYlcEN", "Ubuntu"},
    {"dtpl_Fb9Lx4RcVn1KqZm7", "Rocky Linux 9", nullptr, "templates/rocky-linux-9", 20, "dtv_Qw5Nz9LcXb2HmRt8",
     "os_Tz3Hk8WqVm5CxBr2", "Rocky Linux"},
}};

}  // namespace polycloud::sim::katapult
