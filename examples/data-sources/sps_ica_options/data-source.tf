# The ICA options as the appliance holds them, in either format.
data "sps_ica_options" "current" {}

output "ica_enabled" {
  value = data.sps_ica_options.current.service.enabled
}
