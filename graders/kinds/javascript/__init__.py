"""The `javascript` kind: plain functions run with Node, compared on the host."""
