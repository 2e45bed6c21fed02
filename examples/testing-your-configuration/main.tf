# A team's VNC settings policies, and the compliance data it reports on.

variable "policies" {
  description = "VNC settings policies by name: idle timeout in seconds, and whether the VNC servers behind it still need TLS 1.0."
  type = map(object({
    timeout    = optional(number, 600)
    legacy_tls = optional(bool, false)
  }))

  validation {
    condition     = alltrue([for name in keys(var.policies) : can(regex("^[A-Za-z0-9_.-]+$", name))])
    error_message = "Policy names may hold letters, digits, '.', '_' and '-' only."
  }

  validation {
    condition     = alltrue([for p in values(var.policies) : p.timeout >= 60 && p.timeout <= var.max_timeout])
    error_message = "Every timeout must be between 60 seconds and max_timeout."
  }
}

variable "max_timeout" {
  description = "The longest idle timeout the security baseline allows, in seconds."
  type        = number
  default     = 600
}

resource "sps_vnc_settings_policy" "team" {
  for_each = var.policies

  name    = each.key
  timeout = each.value.timeout

  server_tls_security_settings = {
    cipher_strength     = { selection = "recommended" }
    minimum_tls_version = each.value.legacy_tls ? "TLSv1_0" : "TLSv1_2"
  }
}

# Every policy on the appliance, ours and others' (read after ours exist).
data "sps_vnc_settings_policies" "all" {
  depends_on = [sps_vnc_settings_policy.team]
}

# VNC sessions SPS denied or that failed.
data "sps_audit_sessions" "refused_vnc" {
  query  = "protocol:vnc AND verdict:(deny fail)"
  fields = ["protocol", "verdict"]
}

output "policy_keys" {
  description = "SPS key of each policy this module manages."
  value       = { for name, p in sps_vnc_settings_policy.team : name => p.id }
}

module "compliance" {
  source = "./modules/compliance"

  policies    = data.sps_vnc_settings_policies.all.policies
  max_timeout = var.max_timeout
}

output "noncompliant_policies" {
  description = "Policies on the appliance whose idle timeout exceeds the baseline, whoever manages them."
  value       = module.compliance.noncompliant_policies
}

output "legacy_tls_policies" {
  description = "Policies that still accept TLS 1.0 or 1.1 towards VNC servers."
  value       = module.compliance.legacy_tls_policies
}

output "refused_vnc_sessions" {
  description = "How many VNC sessions were denied or failed."
  value       = data.sps_audit_sessions.refused_vnc.match_count
}
