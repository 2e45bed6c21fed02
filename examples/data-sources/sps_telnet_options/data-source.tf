# The Telnet options as the appliance holds them, in either format.
data "sps_telnet_options" "current" {}

output "telnet_enabled" {
  value = data.sps_telnet_options.current.service.enabled
}
