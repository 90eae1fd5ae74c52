# Une commande par ligne. Commence par : git init
