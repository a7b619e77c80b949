//! Native ECS Exec client (Session Manager data channel).
