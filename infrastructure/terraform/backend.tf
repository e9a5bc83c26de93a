# Remote state (S3 + DynamoDB lock, made by scripts/bootstrap_state_backend.sh). Partial
# configuration: `terraform init -backend-config=environments/<env>.s3.tfbackend`, which the
# bootstrap script writes, so one root module serves every environment with its own state key.
# Kept in its own file so offline tests can plan this stack with local state.
terraform {
  backend "s3" {}
}
