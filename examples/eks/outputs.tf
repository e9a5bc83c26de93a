output "cluster_endpoint" {
  value = aws_eks_cluster.main.endpoint
}

output "cluster_name" {
  value = aws_eks_cluster.main.name
}

output "node_groups" {
  value = [aws_eks_node_group.general.node_group_name, aws_eks_node_group.batch.node_group_name]
}
