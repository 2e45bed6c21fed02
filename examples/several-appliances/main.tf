# Two appliances from one configuration, with Terraform: one provider block
# per appliance, told apart by `alias`, and one copy of the baseline module
# per appliance, each given its appliance's provider. Each provider
# configuration has its own login and its own transactions: a change one
# appliance refuses never holds back or rolls back the other's.
#
# OpenTofu reads main.tofu instead of this file (a .tofu file replaces the
# .tf file of the same name), where one provider block with for_each serves
# any number of appliances.

terraform {
  required_providers {
    sps = {
      source = "terraform-sps/sps"
    }
  }
}

provider "sps" {
  alias       = "eu"
  url         = var.appliances["eu"].url
  username    = var.appliances["eu"].username
  password    = var.passwords["eu"]
  ca_cert_pem = var.appliances["eu"].ca_cert_pem
}

provider "sps" {
  alias       = "us"
  url         = var.appliances["us"].url
  username    = var.appliances["us"].username
  password    = var.passwords["us"]
  ca_cert_pem = var.appliances["us"].ca_cert_pem
}

module "eu" {
  source    = "./modules/vnc-baseline"
  providers = { sps = sps.eu }
  policies  = var.policies
}

module "us" {
  source    = "./modules/vnc-baseline"
  providers = { sps = sps.us }
  policies  = var.policies
}

output "policy_keys" {
  description = "SPS key of each policy, by appliance and name."
  value = {
    eu = module.eu.policy_keys
    us = module.us.policy_keys
  }
}
