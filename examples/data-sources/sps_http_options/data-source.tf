# The HTTP options as the appliance holds them, in either format.
data "sps_http_options" "current" {}

output "http_enabled" {
  value = data.sps_http_options.current.service.enabled
}
