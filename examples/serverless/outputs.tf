output "api_endpoint" {
  description = "Invoke URL of the HTTP API."
  value       = aws_apigatewayv2_api.http.api_endpoint
}

output "function_names" {
  value = { for key, fn in aws_lambda_function.this : key => fn.function_name }
}

output "orders_queue_url" {
  value = aws_sqs_queue.orders.url
}
