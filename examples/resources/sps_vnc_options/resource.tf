# Allow VNC connections, keep connection metadata for a year and have an
# external timestamping authority sign the audit trails.
#
# Destroying this resource leaves these settings on the appliance.
resource "sps_vnc_options" "this" {
  service = {
    enabled   = true
    log_level = 4
  }

  cleanup = {
    enabled = true
    days    = 365
  }

  # Newer SPS versions only (api_shape = "audit"). Leave the block out to keep
  # whatever timestamping the appliance has.
  timestamping = {
    selection        = "remote"
    server_url       = "http://tsa.example.com/tsa"
    policy_oid       = "1.2.3"
    signing_interval = 30
  }
}
