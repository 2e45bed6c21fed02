variable "server_user" {
  type    = string
  default = "Windows User"
}

# Without quoting, the space would split the value into a second term.
data "sps_audit_sessions" "by_server_user" {
  query = "server_username:${provider::sps::query_quote(var.server_user)}"
  # => server_username:"Windows User"
}

output "quoted" {
  value = provider::sps::query_quote("a*b") # => a\*b (the * matches literally)
}
