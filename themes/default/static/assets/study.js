// Placeholder: the browser side of study mode (h10-study-ui) replaces this file.
