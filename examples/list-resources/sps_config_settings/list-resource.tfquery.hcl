# The SSH options as one result, for `terraform query -generate-config-out`.
list "sps_config_settings" "ssh_options" {
  provider = sps
  config {
    path = "ssh/options"
  }
}
