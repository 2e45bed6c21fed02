# SPS logs a session as svc/<hash>/<connection-policy>:<n>; REST paths use
# the hyphenated form.
output "rest_id" {
  value = provider::sps::session_rest_id("svc/fNLgRmAyf5EtycgUYnKc1B/ssh_demo2:2")
  # => "svc-fNLgRmAyf5EtycgUYnKc1B-ssh_demo2-2"
}
