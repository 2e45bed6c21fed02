# Only a name: every other setting takes the SPS default
# (600 s idle timeout, recommended ciphers, TLS 1.2 on both sides).
resource "sps_vnc_settings_policy" "standard" {
  name = "standard"
}

# Strict idle handling towards users, and an old VNC server that only
# speaks TLS 1.0 with a hand-picked cipher list.
resource "sps_vnc_settings_policy" "legacy_servers" {
  name                     = "legacy-servers"
  timeout                  = 300
  preconnect_channel_check = true

  inactivity_timeout = {
    enabled = true
    value   = 1800 # seconds; at least `timeout`
  }

  client_tls_security_settings = {
    minimum_tls_version = "TLSv1_2"
  }

  server_tls_security_settings = {
    cipher_strength = {
      selection     = "custom"
      custom_cipher = "ALL:!aNULL:@STRENGTH"
    }
    minimum_tls_version = "TLSv1_0"
  }
}
