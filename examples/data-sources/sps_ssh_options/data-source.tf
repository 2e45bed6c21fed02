# The SSH options as the appliance holds them, in either format.
data "sps_ssh_options" "current" {}

output "ssh_enabled" {
  value = data.sps_ssh_options.current.service.enabled
}
