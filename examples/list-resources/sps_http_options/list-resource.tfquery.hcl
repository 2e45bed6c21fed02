# The HTTP options: always one result, with identity { key = "options" }.
list "sps_http_options" "this" {
  provider = sps
}
