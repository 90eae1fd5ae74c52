# Renomme les trois fichiers avec mv (un nom avec des espaces se met entre guillemets).
