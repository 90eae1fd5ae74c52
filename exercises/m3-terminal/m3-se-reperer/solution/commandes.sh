cd archives/2025/mars
cat secret.txt
