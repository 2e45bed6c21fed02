# The RDP options as the appliance holds them, in either format.
data "sps_rdp_options" "current" {}

output "rdp_enabled" {
  value = data.sps_rdp_options.current.service.enabled
}
