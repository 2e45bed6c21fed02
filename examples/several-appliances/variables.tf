variable "appliances" {
  description = "The appliances by name (main.tf, for Terraform, expects \"eu\" and \"us\"; main.tofu takes any): the URL of each, the user the provider logs in as, the CA certificate (PEM text or a path) that signed its certificate, and (OpenTofu) whether to manage it."
  type = map(object({
    url         = string
    username    = string
    ca_cert_pem = optional(string)
    manage      = optional(bool, true)
  }))
}

variable "passwords" {
  description = "The password of each appliance's user, by the same names as var.appliances (for example from TF_VAR_passwords in CI)."
  type        = map(string)
  sensitive   = true
}

variable "policies" {
  description = "The VNC settings policies every appliance gets."
  type = map(object({
    timeout    = optional(number, 600)
    legacy_tls = optional(bool, false)
  }))
  default = {
    "vnc-standard" = {}
    "vnc-legacy"   = { timeout = 300, legacy_tls = true }
  }
}
