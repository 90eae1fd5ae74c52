# 1. Les pages qui contiennent TODO -> a-finir.txt
# 2. Les membres de Lyon (toutes casses)
