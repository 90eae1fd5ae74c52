# Crée les dossiers avec mkdir et les fichiers avec touch.
