"""The `exercism` kind: any image that follows Exercism's test-runner contract."""
