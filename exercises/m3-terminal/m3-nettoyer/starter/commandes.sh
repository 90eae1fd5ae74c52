# Supprime tous les .tmp, y compris dans les sous-dossiers.
