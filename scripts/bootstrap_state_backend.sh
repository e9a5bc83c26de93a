#!/usr/bin/env bash
# Create the Terraform state backend of the costcheck stack: an S3 bucket (versioned, encrypted,
# public access blocked, TLS-only) and a DynamoDB lock table. Idempotent: what exists is checked
# and kept, only what is missing is created, so re-running it is safe.
#
#   bootstrap_state_backend.sh [--dry-run] ENVIRONMENT [REGION]
#
#   ENVIRONMENT  dev, staging or prod
#   REGION       AWS region of the backend (default: $AWS_REGION, else us-east-1)
#   --dry-run    print the AWS CLI calls it would make, call nothing (no credentials needed)
#
# Writes infrastructure/terraform/environments/ENVIRONMENT.s3.tfbackend for
# `terraform init -backend-config=environments/ENVIRONMENT.s3.tfbackend`.
set -euo pipefail

usage() {
  sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'
}

die() {
  echo "bootstrap_state_backend.sh: $*" >&2
  exit 2
}

dry_run=0
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --dry-run) dry_run=1; shift ;;
    -h | --help) usage; exit 0 ;;
    -*) die "unknown option '$1' (see --help)" ;;
    *) args+=("$1"); shift ;;
  esac
done
[ ${#args[@]} -ge 1 ] && [ ${#args[@]} -le 2 ] || die "usage: bootstrap_state_backend.sh [--dry-run] ENVIRONMENT [REGION]"
environment="${args[0]}"
region="${args[1]:-${AWS_REGION:-us-east-1}}"
case "$environment" in dev | staging | prod) ;; *) die "ENVIRONMENT must be dev, staging or prod, got '$environment'" ;; esac
[[ "$region" =~ ^[a-z]{2}(-[a-z]+)+-[0-9]$ ]] || die "REGION '$region' is not an AWS region name"

# The account id makes the bucket name globally unique without a random suffix, so re-runs find
# the same bucket. A dry run cannot ask AWS, so it shows a placeholder.
if [ "$dry_run" -eq 1 ]; then
  account="${AWS_ACCOUNT_ID:-ACCOUNT_ID}"
else
  command -v aws >/dev/null 2>&1 || die "the AWS CLI (aws) is not installed"
  account="$(aws sts get-caller-identity --query Account --output text)"
fi
bucket="costcheck-tfstate-$account-$region"
table="costcheck-tfstate-lock"
key="costcheck/$environment/terraform.tfstate"

printing="$dry_run"
# shellcheck source-path=SCRIPTDIR source=lib/show_run.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/show_run.sh"

# exists: whether a read-only check succeeds (a dry run assumes nothing exists yet).
exists() {
  [ "$dry_run" -eq 0 ] && "$@" >/dev/null 2>&1
}

if exists aws s3api head-bucket --bucket "$bucket" --region "$region"; then
  echo "bucket $bucket exists: keeping it, re-applying its settings"
elif [ "$region" = us-east-1 ]; then
  run aws s3api create-bucket --bucket "$bucket" --region "$region"
else
  run aws s3api create-bucket --bucket "$bucket" --region "$region" \
    --create-bucket-configuration "LocationConstraint=$region"
fi
# Settings are re-applied every run (each call is idempotent): a bucket someone loosened by hand
# is put back.
run aws s3api put-bucket-versioning --bucket "$bucket" --region "$region" \
  --versioning-configuration Status=Enabled
run aws s3api put-bucket-encryption --bucket "$bucket" --region "$region" \
  --server-side-encryption-configuration \
  '{"Rules":[{"ApplyServerSideEncryptionByDefault":{"SSEAlgorithm":"aws:kms"},"BucketKeyEnabled":true}]}'
run aws s3api put-public-access-block --bucket "$bucket" --region "$region" \
  --public-access-block-configuration \
  BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true
run aws s3api put-bucket-policy --bucket "$bucket" --region "$region" --policy \
  "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"TLSOnly\",\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"s3:*\",\"Resource\":[\"arn:aws:s3:::$bucket\",\"arn:aws:s3:::$bucket/*\"],\"Condition\":{\"Bool\":{\"aws:SecureTransport\":\"false\"}}}]}"

if exists aws dynamodb describe-table --table-name "$table" --region "$region"; then
  echo "lock table $table exists: keeping it"
else
  run aws dynamodb create-table --table-name "$table" --region "$region" \
    --attribute-definitions AttributeName=LockID,AttributeType=S \
    --key-schema AttributeName=LockID,KeyType=HASH \
    --billing-mode PAY_PER_REQUEST
  run aws dynamodb wait table-exists --table-name "$table" --region "$region"
fi

backend_dir="${TFBACKEND_DIR:-$(cd "$(dirname "$0")/.." && pwd)/infrastructure/terraform/environments}"
backend_file="$backend_dir/$environment.s3.tfbackend"
config="bucket         = \"$bucket\"
key            = \"$key\"
region         = \"$region\"
dynamodb_table = \"$table\"
encrypt        = true"
if [ "$dry_run" -eq 1 ]; then
  echo "would write $backend_file:"
  echo "$config"
else
  printf '%s\n' "$config" >"$backend_file"
  echo "wrote $backend_file"
  echo "next: cd infrastructure/terraform && terraform init -backend-config=environments/$environment.s3.tfbackend"
fi
