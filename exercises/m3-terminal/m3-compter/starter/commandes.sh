# Compte les membres (total.txt), puis ceux de Lyon (lyon.txt).
