# Allow ICA connections and keep their metadata for a year.
#
# Destroying this resource leaves these settings on the appliance.
resource "sps_ica_options" "this" {
  service = {
    enabled   = true
    log_level = 4
  }

  cleanup = {
    enabled = true
    days    = 365
  }

  # Only where the options have an audit section (api_shape = "audit"). Leave
  # the block out to keep whatever timestamping the appliance has.
  timestamping = {
    selection = "local"
  }
}
