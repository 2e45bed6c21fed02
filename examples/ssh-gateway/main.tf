# An SSH gateway on SPS: who may connect where (the connection policy), what
# they may do once connected (the channel policy), how SPS talks SSH (the
# settings policy), and when (the time policy, a typed resource; the others
# are generic sps_config_object resources). The provider takes url,
# username, password and ca_cert_pem from SPS_URL, SPS_USERNAME,
# SPS_PASSWORD and SPS_CA_CERT. README.md says what the vendor's reference
# documents of these objects, and what it leaves out.

terraform {
  required_providers {
    sps = {
      source = "terraform-sps/sps"
    }
  }
}

provider "sps" {}

variable "targets" {
  type        = list(string)
  description = "The servers the gateway lets administrators reach (IP addresses or networks)."
  default     = ["10.20.0.0/16"]
}

# Office hours: Monday to Friday, 07:00 to 19:00; no access at the weekend
# (days left out have no interval).
resource "sps_time_policy" "office_hours" {
  name = "office-hours"
  mon  = [{ start = "07:00", end = "19:00" }]
  tue  = [{ start = "07:00", end = "19:00" }]
  wed  = [{ start = "07:00", end = "19:00" }]
  thu  = [{ start = "07:00", end = "19:00" }]
  fri  = [{ start = "07:00", end = "19:00" }]
}

# Every channel the policy allows is recorded.
resource "sps_config_object" "audited" {
  path = "ssh/channel_policies"
  body = {
    name  = "audited"
    rules = [{ actions = { audit = true } }]
  }
}

# Strong algorithms only towards the clients, and the connection and channel
# policies checked before SPS connects to the server.
resource "sps_config_object" "strict" {
  path = "ssh/settings_policies"
  body = {
    name                     = "strict"
    greeting                 = "Sessions on this gateway are recorded."
    preconnect_channel_check = true
    client_side_algorithms = {
      cipher      = ["aes256-gcm@openssh.com", "aes256-ctr"]
      kex         = ["curve25519-sha256"]
      mac         = ["hmac-sha2-512-etm@openssh.com"]
      compression = ["none"]
    }
  }
}

# The administrators who use the gateway, and those who audit them.
resource "sps_config_object" "admins" {
  path = "aaa/local_database/groups"
  body = {
    name    = "gateway-admins"
    members = ["alice", "bob"]
  }
}

resource "sps_config_object" "auditors" {
  path = "aaa/local_database/groups"
  body = {
    name    = "gateway-auditors"
    members = ["carol"]
  }
}

resource "sps_config_object" "gateway" {
  path = "ssh/connections"
  body = {
    name   = "ssh-gateway"
    active = true
    network = {
      clients = ["0.0.0.0/0"]
      targets = var.targets
      ports   = [22]
    }
    server_address = { selection = "original" }
    access_control = [{
      authorizer = sps_config_object.auditors.body.name
      permission = "audit"
      subject    = { group = sps_config_object.admins.body.name }
    }]
    indexing = { enabled = false }
  }

  # The connection policy uses the time, channel and settings policies, but
  # the stored vendor reference does not show the fields that name them
  # (README.md). depends_on keeps the order those references need: created
  # after them, destroyed before them.
  depends_on = [
    sps_time_policy.office_hours,
    sps_config_object.audited,
    sps_config_object.strict,
  ]
}

output "gateway_key" {
  description = "The SPS key of the connection policy."
  value       = sps_config_object.gateway.key
}
