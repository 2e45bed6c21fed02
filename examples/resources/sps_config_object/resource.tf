# A time policy (policies/time_policies): office hours on weekdays, no
# access at the weekend. SPS names may not contain whitespace.
resource "sps_config_object" "office_hours" {
  path = "policies/time_policies"
  body = {
    name = "office-hours"
    Mon  = [["7:00", "19:00"]]
    Tue  = [["7:00", "19:00"]]
    Wed  = [["7:00", "19:00"]]
    Thu  = [["7:00", "19:00"]]
    Fri  = [["7:00", "17:00"]]
    Sat  = []
    Sun  = []
  }
}

# An indexing policy to refer to; only its name is managed here, every
# other field keeps what SPS gives a new one.
resource "sps_config_object" "indexing" {
  path = "policies/indexing"
  body = { name = "prod-indexing" }
}

# An SSH connection policy. Only the fields below are managed: access
# control, server address and the rest keep what SPS (or someone on the web
# interface) sets. A reference is written as the other object's key.
resource "sps_config_object" "ssh_prod" {
  path = "ssh/connections"
  body = {
    name                      = "ssh-prod"
    active                    = true
    log_audit_trail_downloads = true
    network = {
      clients = ["10.0.0.0/8"]
      targets = ["192.168.10.0/24"]
      ports   = [22]
    }
    indexing = {
      enabled = true
      policy  = sps_config_object.indexing.key
    }
  }
}

# A local user whose password never reaches state or plan output:
# sensitive_body is write-only (Terraform 1.11+, OpenTofu 1.11+). Change
# sensitive_body_version to send a new password.
variable "auditor_password" {
  type      = string
  sensitive = true
  ephemeral = true
}

resource "sps_config_object" "auditor" {
  path                   = "aaa/local_database/users"
  body                   = { name = "auditor" }
  sensitive_body         = { password = var.auditor_password }
  sensitive_body_version = "1"
}

# What SPS holds after the apply, undeclared fields included.
output "ssh_prod_policy" {
  value = sps_config_object.ssh_prod.output
}
