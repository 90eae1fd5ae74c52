# Écris les trois lignes dans planning.txt, puis affiche-le.
