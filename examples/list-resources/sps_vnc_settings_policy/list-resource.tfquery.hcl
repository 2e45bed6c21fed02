# appliance.tfquery.hcl, next to a configuration with the provider "sps" block.
# `terraform query` (Terraform 1.14+) lists every VNC settings policy.
list "sps_vnc_settings_policy" "all" {
  provider = sps
}

# Only the policies whose name starts with "team-", without the built-ins,
# with their full attributes in the result.
list "sps_vnc_settings_policy" "team" {
  provider         = sps
  include_resource = true

  config {
    name_regex      = "^team-"
    include_builtin = false
  }
}
