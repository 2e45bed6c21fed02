# The compliance rules, apart from the provider: a plain module that tests
# can feed with any list of policies (see tests/unit).

variable "policies" {
  description = "Policies as the sps_vnc_settings_policies data source returns them."
  type = list(object({
    name    = string
    timeout = number
    server_tls_security_settings = object({
      minimum_tls_version = string
    })
  }))
}

variable "max_timeout" {
  description = "The longest idle timeout the security baseline allows, in seconds."
  type        = number
}

output "noncompliant_policies" {
  description = "Policies whose idle timeout exceeds the baseline."
  value       = sort([for p in var.policies : p.name if p.timeout > var.max_timeout])
}

output "legacy_tls_policies" {
  description = "Policies that still accept TLS 1.0 or 1.1 towards VNC servers."
  value       = sort([for p in var.policies : p.name if p.server_tls_security_settings.minimum_tls_version != "TLSv1_2"])
}
