# appliance.tfquery.hcl, next to a configuration with the provider "sps" block.
# `terraform query` (Terraform 1.14+) lists every SSH connection policy;
# `terraform query -generate-config-out=adopt.tf` writes an import block and
# an sps_config_object for each, whose plan only imports.
list "sps_config_object" "ssh_connections" {
  provider = sps
  config {
    path = "ssh/connections"
  }
}

# The time policies whose name starts with "team-", without the built-ins,
# with their whole bodies in the result.
list "sps_config_object" "team_time_policies" {
  provider         = sps
  include_resource = true

  config {
    path            = "policies/time_policies"
    name_regex      = "^team-"
    include_builtin = false
  }
}
