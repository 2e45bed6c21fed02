# The VNC settings policies every appliance gets. The module has no provider
# block: the caller passes one appliance's provider configuration in
# (`providers = { sps = ... }`), so one copy of the module manages one
# appliance, in that appliance's own transactions.

terraform {
  required_providers {
    sps = {
      source = "terraform-sps/sps"
    }
  }
}

variable "policies" {
  description = "VNC settings policies by name: idle timeout in seconds, and whether the servers behind it still need TLS 1.0."
  type = map(object({
    timeout    = optional(number, 600)
    legacy_tls = optional(bool, false)
  }))
}

resource "sps_vnc_settings_policy" "baseline" {
  for_each = var.policies

  name    = each.key
  timeout = each.value.timeout

  server_tls_security_settings = {
    cipher_strength     = { selection = "recommended" }
    minimum_tls_version = each.value.legacy_tls ? "TLSv1_0" : "TLSv1_2"
  }
}

output "policy_keys" {
  description = "SPS key of each policy, by name, on this appliance."
  value       = { for name, p in sps_vnc_settings_policy.baseline : name => p.id }
}
