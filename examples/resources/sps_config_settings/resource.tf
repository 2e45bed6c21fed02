# The global SSH options (ssh/options): log more, and keep connection
# metadata for a year. audit.timestamping, gssapi and the rest keep what SPS
# holds. The first apply updates the settings (nothing is created on SPS);
# destroy leaves them as they are, with a warning.
resource "sps_config_settings" "ssh" {
  path = "ssh/options"
  body = {
    service = {
      enabled   = true
      log_level = 6
    }
    audit = {
      cleanup = {
        enabled                       = true
        channel_database_cleanup_days = 365
      }
    }
  }
}

# The web interface's idle timeout (minutes).
resource "sps_config_settings" "web" {
  path = "management/webinterface"
  body = { timeout = 20 }
}
