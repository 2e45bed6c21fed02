data "sps_vnc_settings_policies" "all" {}

# Policies that still allow TLS versions older than 1.2 towards VNC servers.
output "weak_server_tls" {
  value = [
    for p in data.sps_vnc_settings_policies.all.policies : p.name
    if p.server_tls_security_settings.minimum_tls_version != "TLSv1_2"
  ]
}
