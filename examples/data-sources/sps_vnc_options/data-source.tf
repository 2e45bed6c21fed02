# The VNC options as the appliance holds them, in either format.
data "sps_vnc_options" "current" {}

output "vnc_enabled" {
  value = data.sps_vnc_options.current.service.enabled
}
