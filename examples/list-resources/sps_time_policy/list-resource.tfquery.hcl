# Every time policy except the built-in ones, with the resource data that
# `terraform query -generate-config-out` turns into configuration.
list "sps_time_policy" "custom" {
  provider         = sps
  include_resource = true

  config {
    include_builtin = false
  }
}
